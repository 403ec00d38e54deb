/**
 * Progress of long stages (generation, the k-anonymity search, the attacks, the interval audit, Spark stages): a bar
 * with the percentage done and the time left on a terminal, nothing at all in logs or when stderr is not a terminal.
 * The per-step lines with elapsed time ({@code pupilrisk: ...}) are printed by the command line as before.
 */
package org.pupilrisk.progress;
