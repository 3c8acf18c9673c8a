package dev.keyward.examples;

import dev.keyward.examples.spring.SpringDemo;

/** The demo contract, served by the Spring Boot demo on PostgreSQL. */
class SpringDemoPostgresTest extends DemoServerPostgresTest {

    @Override
    RunningDemo start(DemoOptions options) {
        return SpringDemo.start(options);
    }
}
