package dev.infraplatform.search.api;

import dev.infraplatform.search.engine.DateMathIndexNames;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Date math index and alias names in the search API's paths ({@code GET /<logs-{now/d}>/_search},
 * {@code PUT /<logs-{now/d}>}), resolved once per request against its start, before any handler
 * reads them: the {@code index} and alias {@code name} path variables, each name of a comma list on
 * its own ({@link DateMathIndexNames}). Clients send them URL-encoded
 * ({@code %3Clogs-%7Bnow%2Fd%7D%3E}); the server lets the encoded {@code /} through for this.
 * A malformed expression is Elasticsearch's 400 {@code parse_exception}.
 */
@Component
class DateMathNames implements HandlerInterceptor, WebMvcConfigurer {

    private static final List<String> NAME_VARIABLES = List.of("index", "name");

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/api/v1/search/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        @SuppressWarnings("unchecked")
        Map<String, String> variables =
                (Map<String, String>) request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        if (variables == null) {
            return true;
        }
        Map<String, String> resolved = null;
        long now = System.currentTimeMillis();
        for (String variable : NAME_VARIABLES) {
            String value = variables.get(variable);
            if (value == null || value.indexOf('<') < 0) {
                continue;
            }
            if (resolved == null) {
                resolved = new HashMap<>(variables);
            }
            resolved.put(variable, resolveList(value, now));
        }
        if (resolved != null) {
            request.setAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE, Map.copyOf(resolved));
        }
        return true;
    }

    private static String resolveList(String names, long now) {
        List<String> resolved = new ArrayList<>();
        for (String name : names.split(",", -1)) {
            resolved.add(DateMathIndexNames.resolve(name, () -> now));
        }
        return String.join(",", resolved);
    }
}
