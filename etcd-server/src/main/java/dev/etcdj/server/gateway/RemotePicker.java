package dev.etcdj.server.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * tcpproxy's choice of an endpoint: among the active ones of the best (lowest) SRV priority,
 * by weight when records carry weights (a weight-0 record gets a 1% chance), otherwise round
 * robin over all endpoints, skipping inactive ones. Null when every endpoint is inactive.
 */
final class RemotePicker {
  private final List<Remote> remotes;
  private int pickCount;

  RemotePicker(List<Remote> remotes) {
    this.remotes = List.copyOf(remotes);
  }

  List<Remote> remotes() {
    return remotes;
  }

  synchronized Remote pick() {
    List<Remote> weighted = new ArrayList<>();
    List<Remote> unweighted = new ArrayList<>();
    int bestPriority = Integer.MAX_VALUE;
    int totalWeight = 0;
    for (Remote r : remotes) {
      if (!r.isActive()) {
        continue;
      }
      int priority = r.target().priority();
      if (priority < bestPriority) {
        bestPriority = priority;
        totalWeight = 0;
        weighted.clear();
        unweighted.clear();
      }
      if (priority == bestPriority) {
        if (r.target().weight() > 0) {
          weighted.add(r);
          totalWeight += r.target().weight();
        } else {
          unweighted.add(r);
        }
      }
    }
    ThreadLocalRandom random = ThreadLocalRandom.current();
    if (!weighted.isEmpty()) {
      if (!unweighted.isEmpty() && random.nextInt(100) == 1) {
        return unweighted.get(pickCount++ % unweighted.size());
      }
      int choose = random.nextInt(totalWeight) + 1;
      for (Remote r : weighted) {
        choose -= r.target().weight();
        if (choose <= 0) {
          return r;
        }
      }
    }
    if (!unweighted.isEmpty()) {
      for (int i = 0; i < remotes.size(); i++) {
        Remote picked = remotes.get(pickCount++ % remotes.size());
        if (picked.isActive()) {
          return picked;
        }
      }
    }
    return null;
  }
}
