package dev.infraplatform.web.error;

import dev.infraplatform.web.ErrorCodes;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Replaces Spring Boot's whitelabel {@code /error} page: errors raised outside Spring MVC (the
 * servlet container, filters such as the request size limit) also answer problem+json, with the
 * container's status, a code for it and no stack trace.
 */
@RestController
class ProblemErrorController implements ErrorController {

    @RequestMapping(path = "${server.error.path:/error}", produces = {"application/problem+json", "application/json", "*/*"})
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object statusAttribute = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int statusCode = statusAttribute instanceof Integer value ? value : HttpStatus.NOT_FOUND.value();
        HttpStatus status = HttpStatus.resolve(statusCode);
        if (status == null) {
            status = HttpStatus.INTERNAL_SERVER_ERROR;
        }
        Object code = request.getAttribute(ErrorAttributes.CODE);
        Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
        String detail = status.is5xxServerError() || message == null || message.toString().isBlank()
                ? status.getReasonPhrase() : message.toString();
        ProblemDetail problem = Problems.of(status, code != null ? code.toString() : ErrorCodes.forStatus(status), detail);
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        if (uri != null) {
            problem.setInstance(java.net.URI.create(uri.toString().replace(" ", "%20")));
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    /** Request attributes a filter may set before {@code sendError} to choose the problem's code. */
    static final class ErrorAttributes {
        static final String CODE = ProblemErrorController.class.getName() + ".code";

        private ErrorAttributes() {
        }
    }
}
