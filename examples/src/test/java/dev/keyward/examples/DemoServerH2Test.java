package dev.keyward.examples;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class DemoServerH2Test extends DemoServerContract {

    @TempDir
    static Path dataDir;

    @Override
    DemoOptions options() {
        return new DemoOptions("127.0.0.1", 0, null, null, null, dataDir);
    }
}
