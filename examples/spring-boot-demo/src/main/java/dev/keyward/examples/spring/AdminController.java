package dev.keyward.examples.spring;

import dev.keyward.examples.AdminApi;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/** The admin plane's routes; the shared {@link AdminApi} reads each request and says the answer. */
@RestController
class AdminController {

    private final AdminApi admin;

    AdminController(AdminApi admin) {
        this.admin = admin;
    }

    @GetMapping(AdminApi.COLLECTION)
    void list(HttpServletRequest request, HttpServletResponse response, @PathVariable Map<String, String> path)
            throws IOException {
        Replies.answer(response, admin.list(new ServletAdminRequest(request, path)));
    }

    @PostMapping(AdminApi.COLLECTION)
    void create(HttpServletRequest request, HttpServletResponse response, @PathVariable Map<String, String> path)
            throws IOException {
        Replies.answer(response, admin.create(new ServletAdminRequest(request, path)));
    }

    @GetMapping(AdminApi.ITEM)
    void get(HttpServletRequest request, HttpServletResponse response, @PathVariable Map<String, String> path)
            throws IOException {
        Replies.answer(response, admin.get(new ServletAdminRequest(request, path)));
    }

    /**
     * OPTIONS of a connection, answered here: Spring's own answer names the media types of the PATCH mapping's
     * {@code consumes}, which reads the body itself ({@link AdminApi}), in an empty {@code Accept-Patch}.
     */
    @RequestMapping(path = AdminApi.ITEM, method = RequestMethod.OPTIONS)
    void itemOptions(HttpServletResponse response) {
        response.setStatus(HttpServletResponse.SC_OK);
        response.setHeader("Allow", "GET, HEAD, PATCH, DELETE, OPTIONS");
        response.setHeader("Accept-Patch", AdminApi.PATCH_MEDIA_TYPE);
    }

    @PatchMapping(AdminApi.ITEM)
    void update(HttpServletRequest request, HttpServletResponse response, @PathVariable Map<String, String> path)
            throws IOException {
        Replies.answer(response, admin.update(new ServletAdminRequest(request, path)));
    }

    @DeleteMapping(AdminApi.ITEM)
    void delete(HttpServletRequest request, HttpServletResponse response, @PathVariable Map<String, String> path)
            throws IOException {
        Replies.answer(response, admin.delete(new ServletAdminRequest(request, path)));
    }

    @PostMapping(AdminApi.REGENERATE)
    void regenerate(HttpServletRequest request, HttpServletResponse response, @PathVariable Map<String, String> path)
            throws IOException {
        Replies.answer(response, admin.regenerate(new ServletAdminRequest(request, path)));
    }
}
