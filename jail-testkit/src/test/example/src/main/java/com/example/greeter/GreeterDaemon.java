package com.example.greeter;

import java.util.Locale;
import java.util.ResourceBundle;
import java.util.ServiceLoader;

/** A daemon that greets in the words of its bundle, decorated by whatever providers it finds. */
public final class GreeterDaemon {
    private GreeterDaemon() {
    }

    /** A decoration of the greeting, found with ServiceLoader. */
    public interface Decoration {
        /** Returns the decorated text. */
        String decorate(String text);
    }

    /** Returns the greeting: the bundle's, through every decoration found. */
    public static String greeting() {
        String text = ResourceBundle.getBundle("com.example.greeter.Words", Locale.ROOT).getString("greeting");
        for (Decoration d : ServiceLoader.load(Decoration.class)) {
            text = d.decorate(text);
        }
        return text;
    }
}
