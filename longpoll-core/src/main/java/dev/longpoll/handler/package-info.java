/**
 * Handing events to user code: handlers, listener methods, payload conversion and the error policy.
 */
@NullMarked
package dev.longpoll.handler;

import org.jspecify.annotations.NullMarked;
