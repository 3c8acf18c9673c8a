package dev.keyward.examples.spring;

import dev.keyward.examples.HttpError;
import dev.keyward.examples.StaticPages;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The admin console, the same page as the JDK demo's. */
@RestController
class ConsoleController {

    private final StaticPages pages = new StaticPages();

    @GetMapping({"/", "/console.js", "/console.css"})
    void page(HttpServletRequest request, HttpServletResponse response) throws IOException {
        StaticPages.Page page = pages.page(request.getRequestURI()).orElseThrow(HttpError::notFound);
        Replies.send(response, 200, page.headers(), page.body());
    }
}
