package dev.keyward.spring.cloud;

import dev.keyward.servlet.ClientAddresses;
import dev.keyward.spring.KeywardConfigurer;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** A host with a client address source of its own, started as on a cloud platform Spring Boot detects. */
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
class CloudPlatformApplication {

    @Bean
    ClientAddresses ownClientAddresses() {
        return ClientAddresses.direct();
    }

    @Bean
    SecurityFilterChain api(HttpSecurity http) throws Exception {
        return http
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .with(KeywardConfigurer.keyward(), keyward -> keyward.restApis("/v1/**"))
                .build();
    }

    /** The client address the container gives a request sent from loopback with this {@code X-Forwarded-For}. */
    static String addressSeenForwarding(int port, String forwardedFor) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/public/address")).header("X-Forwarded-For", forwardedFor)
                .build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    @RestController
    static class Pages {

        /** The client address as the container gives it. */
        @GetMapping("/public/address")
        String address(HttpServletRequest request) {
            return request.getRemoteAddr();
        }
    }
}
