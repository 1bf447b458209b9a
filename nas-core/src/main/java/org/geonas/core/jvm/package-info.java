/**
 * Child JVMs of GeoNAS: {@link org.geonas.core.jvm.ChildJvm} builds the command line and
 * environment of a JVM that runs libtorch (a search run, an engine probe) from one list of JVM
 * flags and one of malloc settings, resources that {@code ./geonas} reads too. It sits below
 * every other core package because both the engine check (which probes in child JVMs) and the
 * run protocol (which runs each sweep run in one) start such JVMs.
 */
package org.geonas.core.jvm;
