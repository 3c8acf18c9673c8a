package dev.keyward.examples;

import dev.keyward.examples.spring.SpringDemo;

/** The demo contract, served by the Spring Boot demo on H2. */
class SpringDemoH2Test extends DemoServerH2Test {

    @Override
    RunningDemo start(DemoOptions options) {
        return SpringDemo.start(options);
    }
}
