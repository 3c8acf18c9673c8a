package dev.keyward.spring;

/** Thrown at start-up when no {@code KeywardStore} is available: Keyward never falls back to memory on its own. */
public class MissingKeywardStoreException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    MissingKeywardStoreException() {
        super("Keyward has no store: no KeywardStore bean is defined, and no JdbcStore could be made because "
                + "keyward-jdbc is missing, or a DataSource: none is defined, or several and none of them primary");
    }
}
