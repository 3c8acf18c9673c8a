/**
 * Keyward for Jakarta Servlet 6 containers: {@link dev.keyward.servlet.KeywardFilter} in front
 * of the API servlets, {@link dev.keyward.servlet.KeywardTokenServlet} at {@code /oauth/token}.
 */
package dev.keyward.servlet;
