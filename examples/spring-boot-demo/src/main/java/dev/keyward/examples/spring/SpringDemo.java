package dev.keyward.examples.spring;

import dev.keyward.examples.Banner;
import dev.keyward.examples.DemoDatabase;
import dev.keyward.examples.DemoOptions;
import dev.keyward.examples.RunningDemo;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.MapPropertySource;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The Keyward demo on Spring Boot: the same HTTP contract, options and listening line as the
 * JDK demo, served through the Keyward starter — its JDBC store, its Spring Security
 * configurer — with the admin plane, options and console shared with the JDK demo.
 */
// The demo has no users of Spring's own: without this, Boot would make one and log its password.
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
@EnableScheduling
public class SpringDemo {

    private static final Logger LOG = LoggerFactory.getLogger(SpringDemo.class);

    public static void main(String[] args) {
        DemoOptions options;
        try {
            options = DemoOptions.parse(List.of(args));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage().replace("keyward-demo.jar", "keyward-spring-demo.jar"));
            System.exit(2);
            return;
        }
        RunningDemo demo = start(options);
        Runtime.getRuntime().addShutdownHook(new Thread(demo::close, "keyward-demo-shutdown"));
        System.out.println(Banner.text(demo.uri(), DemoDatabase.describe(options)));
    }

    /** Starts the demo; it accepts requests when this returns. */
    public static RunningDemo start(DemoOptions options) {
        return start(options, Map.of());
    }

    /**
     * Starts the demo with these Spring properties besides, such as {@code spring.main.cloud-platform} to
     * start it as on that platform; the demo's {@code application.properties} keep their precedence.
     */
    static RunningDemo start(DemoOptions options, Map<String, Object> properties) {
        SpringApplication application = new SpringApplication(SpringDemo.class);
        application.setDefaultProperties(new HashMap<>(properties));
        application.addInitializers(context -> {
            // Where the demo listens is what its command line says, first of every source: an environment
            // variable (SERVER_ADDRESS, or Kubernetes' SERVER_PORT for a service named "server"), a system
            // property or a file would otherwise win over it, and could open the admin plane to the network.
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("demoCommandLine",
                    Map.of("server.port", options.port(), "server.address", options.host())));
            context.getBeanFactory().registerSingleton("demoOptions", options);
        });
        application.setLogStartupInfo(false);
        // Said as the JDK demo says it; Tomcat then stops accepting and answers the requests in flight first.
        application.addListeners((ApplicationListener<ContextClosedEvent>) closed -> LOG.info(
                "Keyward demo stopping: new requests are turned away while those in flight are answered"));
        // The options are parsed above, the same way as the JDK demo's: none reach Spring as arguments.
        return new Running((ConfigurableApplicationContext) application.run());
    }

    /** A started application context. */
    private record Running(ConfigurableApplicationContext context) implements RunningDemo {

        @Override
        public URI uri() {
            String host = context.getEnvironment().getProperty("server.address");
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            // An IPv6 address goes in brackets, as the JDK demo writes it, or the URI would have no host.
            return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port);
        }

        @Override
        public void close() {
            context.close();
        }
    }
}
