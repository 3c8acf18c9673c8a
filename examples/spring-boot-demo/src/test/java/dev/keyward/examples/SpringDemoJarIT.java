package dev.keyward.examples;

/** The Spring Boot demo's repackaged jar, as a newcomer starts it. */
class SpringDemoJarIT extends DemoJarContract {

    @Override
    String jar() {
        return "target/keyward-spring-demo.jar";
    }
}
