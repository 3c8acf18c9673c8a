package dev.keyward.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Tells how to give Keyward a store when an application starts without one. */
class MissingKeywardStoreFailureAnalyzer extends AbstractFailureAnalyzer<MissingKeywardStoreException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, MissingKeywardStoreException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Add dev.keyward:keyward-jdbc and a DataSource (for example spring-boot-starter-jdbc with a database "
                        + "driver), mark one of several DataSources @Primary, or define a KeywardStore bean. Tests may "
                        + "define an InMemoryStore bean.",
                cause);
    }
}
