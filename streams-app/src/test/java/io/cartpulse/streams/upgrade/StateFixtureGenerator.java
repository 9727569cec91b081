package io.cartpulse.streams.upgrade;

import io.cartpulse.avro.Alert;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the state fixture of THIS release: the stores after {@link UpgradeScenario#before()}.
 * Run it once per release whose state format later releases must read, and commit the file:
 * {@code mvn -B -o -pl streams-app test-compile exec:java
 * -Dexec.classpathScope=test -Dexec.mainClass=io.cartpulse.streams.upgrade.StateFixtureGenerator
 * -Dexec.args=NAME} (from the repository root; NAME like {@code v0.1.0}), or from an IDE with the
 * module directory as working directory. {@link StateUpgradeTest} restores every committed fixture.
 */
public final class StateFixtureGenerator {
  private StateFixtureGenerator() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: StateFixtureGenerator NAME (e.g. v0.1.0)");
    }
    StateFixture.Rig rig = new StateFixture.Rig().start();
    List<Alert> emitted = rig.process(UpgradeScenario.before());
    Path file = StateFixture.DIRECTORY.resolve(args[0] + ".stores");
    rig.write(file, emitted);
    System.out.println("wrote " + file.toAbsolutePath() + " (" + emitted.size() + " alerts emitted while writing)");
  }
}
