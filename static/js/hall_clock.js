/* The hall's clock, as the server keeps it (config TIMEZONE).
 *
 * A wall screen's or a manager's browser may have a wrong clock, or one set
 * to another zone: what people see follows the server's hall time instead.
 * The page carries that time (data-hall-clock on this script's tag, or a
 * later reading from a poll); between readings the clock runs on with the
 * browser's monotonic timer, which no clock or zone setting moves.
 */
(function () {
  'use strict';

  var reading = null;  // the hall's wall-clock time in ms, counted as if UTC
  var readAt = 0;      // performance.now() at that reading

  /* Take a reading: the hall's local time as "YYYY-MM-DDTHH:MM:SS". */
  function set(text) {
    var ms = Date.parse(String(text) + 'Z');
    if (isNaN(ms)) { return; }
    reading = ms;
    readAt = window.performance.now();
  }

  /* The hall's time now, as a Date whose UTC fields are the hall's wall
   * clock (never read its local fields); null before any reading. */
  function wall() {
    if (reading === null) { return null; }
    return new Date(reading + (window.performance.now() - readAt));
  }

  function pad(n) { return (n < 10 ? '0' : '') + n; }

  /* "YYYY-MM-DD HH:MM" of a wall() value. */
  function format(date) {
    return date.getUTCFullYear() + '-' + pad(date.getUTCMonth() + 1) + '-' +
      pad(date.getUTCDate()) + ' ' + pad(date.getUTCHours()) + ':' +
      pad(date.getUTCMinutes());
  }

  window.hallClock = {set: set, wall: wall, format: format};

  var script = document.currentScript;
  if (script && script.dataset.hallClock) { set(script.dataset.hallClock); }

  // Flask-Admin's date pickers fill a blank field with moment(), the
  // browser's time: make it the hall's time, in the browser's local fields.
  if (window.moment) {
    window.moment.now = function () {
      var hall = wall();
      if (hall === null) { return Date.now(); }
      return new Date(hall.getUTCFullYear(), hall.getUTCMonth(), hall.getUTCDate(),
                      hall.getUTCHours(), hall.getUTCMinutes(),
                      hall.getUTCSeconds()).getTime();
    };
  }
}());
