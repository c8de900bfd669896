/**
 * What a listener polls and how its loop behaves, with the defaults of every setting.
 */
@NullMarked
package dev.longpoll.endpoint;

import org.jspecify.annotations.NullMarked;
