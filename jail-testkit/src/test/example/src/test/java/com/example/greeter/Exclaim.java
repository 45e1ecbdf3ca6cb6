package com.example.greeter;

/** A decoration of the test sources, named in the test resources' META-INF/services. */
public final class Exclaim implements GreeterDaemon.Decoration {
    @Override
    public String decorate(String text) {
        return text + "!";
    }
}
