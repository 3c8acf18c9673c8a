/**
 * {@link dev.keyward.jdbc.JdbcStore}: the {@link dev.keyward.spi.KeywardStore} that many
 * application nodes share through one database. Everything else in this package is an
 * implementation detail.
 */
package dev.keyward.jdbc;
