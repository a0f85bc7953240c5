package dev.infraplatform;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

import static org.assertj.core.api.Assertions.assertThat;

/** Module boundaries: no cycles, nobody reaches into another module's internal packages. */
class ModularityTest {

    private final ApplicationModules modules = ApplicationModules.of(InfraPlatformApplication.class);

    @Test
    void modulesRespectTheirBoundaries() {
        modules.verify();
        assertThat(modules.stream().map(module -> module.getBasePackage().getName()))
                .contains("dev.infraplatform.storage", "dev.infraplatform.web");
    }

    @Test
    void storageDependsOnNoOtherModule() {
        var storage = modules.getModuleByName("storage").orElseThrow();
        assertThat(storage.getDirectDependencies(modules).stream().toList()).isEmpty();
    }

    @Test
    void writesTheModuleDiagrams() {
        new Documenter(modules).writeModulesAsPlantUml().writeIndividualModulesAsPlantUml();
    }
}
