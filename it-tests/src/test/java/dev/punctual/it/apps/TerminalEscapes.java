package dev.punctual.it.apps;

/**
 * Recorded strings that would drive a terminal: {@link HostileNames}' app with a scheduler whose
 * thread name clears the screen, sets the window title, starts a line of its own and reverses the text
 * after it, and a dying task's message of the same kind. Runs for the milliseconds in its argument.
 */
public final class TerminalEscapes {
    /** A forged line starts after the line break: no output may have a line starting with it. */
    public static final String FORGED = "FORGED LINE";
    public static final String SCHEDULER = "esc\u001b[2J\u001b]0;title\u0007\r\n" + FORGED + "\u202e\u009b31m";
    public static final String MESSAGE = "boom\u001b[31m red\n" + FORGED + " \u001b[0m%n%s${jndi:ldap://127.0.0.1:1/x}";

    private TerminalEscapes() {
    }

    public static void main(String[] args) {
        HostileNames.run(SCHEDULER, MESSAGE, Long.parseLong(args[0]));
    }
}
