/**
 * Cursors: where they are read and sent, which headers are echoed, and where committed cursors are kept.
 */
@NullMarked
package dev.longpoll.cursor;

import org.jspecify.annotations.NullMarked;
