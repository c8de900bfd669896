/**
 * Several instances of one application: each listener polls on exactly one instance, the
 * one that holds its lease in a shared lease store; the others keep it on standby and take
 * it over when the lease is released or expires.
 */
@NullMarked
package dev.longpoll.cluster;

import org.jspecify.annotations.NullMarked;
