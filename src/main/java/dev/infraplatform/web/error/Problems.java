package dev.infraplatform.web.error;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

import java.net.URI;
import java.util.Locale;

/**
 * Builds the platform's problem documents: RFC 9457 members plus {@code code}. The {@code type}
 * is a URN derived from the code, so it is as stable as the code itself.
 */
final class Problems {

    private Problems() {
    }

    static ProblemDetail of(HttpStatusCode status, String code, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        return withCode(problem, code);
    }

    static ProblemDetail withCode(ProblemDetail problem, String code) {
        problem.setType(URI.create("urn:infra-platform:problem:" + code.toLowerCase(Locale.ROOT).replace('_', '-')));
        HttpStatus known = HttpStatus.resolve(problem.getStatus());
        if (problem.getTitle() == null && known != null) {
            problem.setTitle(known.getReasonPhrase());
        }
        problem.setProperty("code", code);
        return problem;
    }
}
