package dev.keyward;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import java.lang.module.ModuleDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the layout of the architecture: core knows no JDBC, the API never exposes internals, and
 * what hosts implement or construct can grow without breaking them.
 */
class ArchitectureTest {

    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.keyward");

    @Test
    void coreDoesNotUseJdbc() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..")
                .check(CORE);
    }

    @Test
    void apiAndSpiDoNotDependOnJdbcOrServlets() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("javax.servlet..", "jakarta.servlet..")
                .check(CORE);
    }

    @Test
    void spiAndMemoryStoreDoNotDependOnInternals() {
        noClasses().that().resideInAnyPackage("dev.keyward.spi..", "dev.keyward.memory..")
                .should().dependOnClassesThat().resideInAPackage("dev.keyward.internal..")
                .because("hosts implement the SPI, and the in-memory store is written as any store would be")
                .check(CORE);
    }

    @Test
    void interfacesHostsImplementDoNotDependOnInternals() {
        noClasses().that().resideInAPackage("dev.keyward").and().areInterfaces()
                .should().dependOnClassesThat().resideInAPackage("dev.keyward.internal..")
                .because("a host implementing DenialBody or RequestHeaders must not meet an internal type")
                .check(CORE);
    }

    @Test
    void configurationIsNotARecordAHostCouldConstruct() {
        assertThat(KeywardConfig.class.isRecord()).isFalse();
        assertThat(KeywardConfig.class.getConstructors()).isEmpty();
        assertThat(dev.keyward.spi.StoredConnection.class.getConstructors()).isEmpty();
        assertThat(dev.keyward.spi.StoredToken.class.getConstructors()).isEmpty();
    }

    @Test
    void noPublicSignatureOutsideInternalExposesAnInternalType() {
        codeUnits().that().areDeclaredInClassesThat().resideOutsideOfPackage("dev.keyward.internal..")
                .and().arePublic().or().areProtected()
                .should(new ArchCondition<>("not expose dev.keyward.internal types") {
                    @Override
                    public void check(JavaCodeUnit method, ConditionEvents events) {
                        if (!method.getOwner().getModifiers().contains(JavaModifier.PUBLIC)
                                || method.getOwner().getPackageName().startsWith("dev.keyward.internal")) {
                            return;
                        }
                        Set<JavaClass> involved = Stream.concat(Stream.of(method.getRawReturnType()),
                                method.getRawParameterTypes().stream()).collect(Collectors.toSet());
                        involved.stream().filter(t -> t.getPackageName().startsWith("dev.keyward.internal"))
                                .forEach(t -> events.add(SimpleConditionEvent.violated(method,
                                        method.getFullName() + " exposes " + t.getName())));
                    }
                })
                .check(CORE);
    }

    @Test
    void moduleExportsApiSpiAndMemoryButNotInternal() throws IOException {
        Path descriptor = Path.of("target/classes/module-info.class");
        ModuleDescriptor module;
        try (InputStream in = Files.newInputStream(descriptor)) {
            module = ModuleDescriptor.read(in);
        }
        Set<String> exported = module.exports().stream().map(ModuleDescriptor.Exports::source)
                .collect(Collectors.toSet());

        assertThat(module.name()).isEqualTo("dev.keyward");
        assertThat(exported).containsExactlyInAnyOrder("dev.keyward", "dev.keyward.spi", "dev.keyward.memory");
    }
}
