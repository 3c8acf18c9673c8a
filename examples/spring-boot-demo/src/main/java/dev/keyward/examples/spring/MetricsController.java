package dev.keyward.examples.spring;

import dev.keyward.examples.MetricsPage;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /metrics}: the meters of Boot's Prometheus registry, to which the starter binds Keyward's,
 * in the Prometheus text format whatever the request's {@code Accept} says, as in the JDK demo.
 * Actuator's own endpoint would choose the format by {@code Accept}, and refuse a request that accepts
 * none it makes.
 */
@RestController
class MetricsController {

    private final PrometheusMeterRegistry registry;

    MetricsController(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    @GetMapping("/metrics")
    void metrics(HttpServletResponse response) throws IOException {
        Replies.send(response, 200, Map.of("Content-Type", MetricsPage.CONTENT_TYPE), registry.scrape());
    }
}
