/**
 * What hosts and adapters implement: the storage SPI ({@link dev.keyward.spi.KeywardStore}),
 * the audit listener SPI ({@link dev.keyward.spi.AuditListener}) and the observer SPI for metrics
 * ({@link dev.keyward.spi.KeywardObserver}).
 */
package dev.keyward.spi;
