package org.geonas.cli;

import java.util.List;
import org.geonas.core.run.ExitStatus;

/**
 * A command whose help lists the exit codes it ends with, taken from {@link ExitStatus} so that the
 * help cannot drift from the codes ({@link GeoNas#commandLine} puts the list in).
 */
interface DocumentedExits {

    /** The statuses this command ends with, in the order the help lists them. */
    List<ExitStatus> exits();

    /** How the help words a status for this command; the status's own meaning unless the command says more. */
    default String meaning(ExitStatus status) {
        return status.meaning();
    }
}
