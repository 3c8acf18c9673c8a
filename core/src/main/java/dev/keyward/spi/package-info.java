/**
 * What hosts and adapters implement: the storage SPI ({@link dev.keyward.spi.KeywardStore})
 * and the audit listener SPI ({@link dev.keyward.spi.AuditListener}).
 */
package dev.keyward.spi;
