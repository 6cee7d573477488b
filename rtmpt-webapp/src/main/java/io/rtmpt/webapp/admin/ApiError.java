package io.rtmpt.webapp.admin;

/**
 * The body of every API error.
 *
 * @param error a stable code: {@code not-found}, {@code method-not-allowed}, {@code forbidden},
 *     {@code conflict}
 * @param message what went wrong, for a person
 */
public record ApiError(String error, String message) {}
