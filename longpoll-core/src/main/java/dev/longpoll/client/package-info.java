/**
 * The HTTP exchange of one poll: request, whole response, timeouts; Spring WebClient lives only here.
 */
@NullMarked
package dev.longpoll.client;

import org.jspecify.annotations.NullMarked;
