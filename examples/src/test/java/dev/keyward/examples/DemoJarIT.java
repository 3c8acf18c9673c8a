package dev.keyward.examples;

/** The JDK demo's jar, with every dependency inside, as a newcomer starts it. */
class DemoJarIT extends DemoJarContract {

    @Override
    String jar() {
        return "target/keyward-demo.jar";
    }
}
