package io.jail4j.testkit;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** What a started child is told to do: the jail, the user, the one test, its set-up, what to preload and bind. */
final class Assignment {
    final String jail;
    final String user;
    final String uniqueId;
    final List<String> packages;
    final List<String> resources;
    final List<String> initialize;
    final String setUp;
    final String listenAddress;
    final List<Integer> ports;
    final boolean closeFds;

    Assignment(String jail, String user, String uniqueId, List<String> packages, List<String> resources,
               List<String> initialize, String setUp, String listenAddress, List<Integer> ports, boolean closeFds) {
        this.jail = jail;
        this.user = user;
        this.uniqueId = uniqueId;
        this.packages = List.copyOf(packages);
        this.resources = List.copyOf(resources);
        this.initialize = List.copyOf(initialize);
        this.setUp = setUp;
        this.listenAddress = listenAddress;
        this.ports = List.copyOf(ports);
        this.closeFds = closeFds;
    }

    FrameFields.Out write() {
        FrameFields.Out out = new FrameFields.Out().string(jail).string(user).string(uniqueId).integer(packages.size());
        packages.forEach(out::string);
        out.integer(resources.size());
        resources.forEach(out::string);
        out.integer(initialize.size());
        initialize.forEach(out::string);
        out.string(setUp);
        out.string(listenAddress).integer(ports.size());
        ports.forEach(out::integer);
        return out.flag(closeFds);
    }

    static Assignment read(FrameFields.In in) throws IOException {
        String jail = in.string();
        String user = in.string();
        String uniqueId = in.string();
        List<String> packages = new ArrayList<>();
        for (int i = in.count(1024); i > 0; i--) {
            packages.add(in.string());
        }
        List<String> resources = new ArrayList<>();
        for (int i = in.count(1024); i > 0; i--) {
            resources.add(in.string());
        }
        List<String> initialize = new ArrayList<>();
        for (int i = in.count(1024); i > 0; i--) {
            initialize.add(in.string());
        }
        String setUp = in.string();
        String address = in.string();
        List<Integer> ports = new ArrayList<>();
        for (int i = in.count(1024); i > 0; i--) {
            ports.add(in.integer());
        }
        return new Assignment(jail, user, uniqueId, packages, resources, initialize, setUp, address, ports, in.flag());
    }
}
