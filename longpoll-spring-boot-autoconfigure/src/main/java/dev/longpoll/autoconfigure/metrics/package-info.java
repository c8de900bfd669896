/**
 * Auto-configuration of long-poll meters and observations.
 */
@NullMarked
package dev.longpoll.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
