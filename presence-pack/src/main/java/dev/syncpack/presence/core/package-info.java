/**
 * The pure presence core: session keys and records, JSON Merge Patch, and
 * {@link dev.syncpack.presence.core.PresenceRules}, which decides every transition as a function of
 * (stored session, request, now) with no I/O and no clock. Stores carry out its
 * {@link dev.syncpack.presence.core.Transition}s.
 */
package dev.syncpack.presence.core;
