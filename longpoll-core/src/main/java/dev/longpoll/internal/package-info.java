/**
 * Plumbing shared by the starter's own modules; not an API: it may change in any
 * release.
 */
@NullMarked
package dev.longpoll.internal;

import org.jspecify.annotations.NullMarked;
