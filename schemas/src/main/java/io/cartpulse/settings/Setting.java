package io.cartpulse.settings;

import java.util.Objects;

/**
 * One setting: its key, how its text is read, its default, what it is for, and whether it can
 * change while the engines run (ALERTS.md section 8: the run-time keys; everything else is read at
 * start only). The single definition that {@code --config}, the environment, the
 * {@code rule-settings} topic, {@code scripts/rules} and the configuration docs all use.
 *
 * @param <T> the parsed value
 */
public final class Setting<T> {
  /** Which engine reads a setting (the launchers and tools read all of them). */
  public enum Engine { STREAMS, FLINK, BOTH }

  private final String key;
  private final SettingKind<T> kind;
  private final String defaultText;
  private final String doc;
  private final boolean runtime;
  private final boolean secret;
  private final Engine engine;
  private final boolean optional;

  private Setting(String key, SettingKind<T> kind, String defaultText, String doc, boolean runtime, boolean secret,
      Engine engine) {
    this(key, kind, defaultText, doc, runtime, secret, engine, false);
  }

  private Setting(String key, SettingKind<T> kind, String defaultText, String doc, boolean runtime, boolean secret,
      Engine engine, boolean optional) {
    this.optional = optional;
    this.key = Objects.requireNonNull(key);
    this.kind = Objects.requireNonNull(kind);
    this.defaultText = defaultText;
    this.doc = Objects.requireNonNull(doc);
    this.runtime = runtime;
    this.secret = secret;
    this.engine = Objects.requireNonNull(engine);
    if (defaultText != null) {
      kind.parse(defaultText); // a bad default is a programming error: fail when the class loads
    }
  }

  /** A start-up setting with a default. */
  public static <T> Setting<T> startup(String key, SettingKind<T> kind, String defaultText, Engine engine, String doc) {
    return new Setting<>(key, kind, defaultText, doc, false, false, engine);
  }

  /** A setting that can change at run time (ALERTS.md section 8), with its default. */
  public static <T> Setting<T> runtime(String key, SettingKind<T> kind, String defaultText, Engine engine, String doc) {
    return new Setting<>(key, kind, defaultText, doc, true, false, engine);
  }

  /** A start-up setting without a default: it must be given. */
  public static <T> Setting<T> required(String key, SettingKind<T> kind, Engine engine, String doc) {
    return new Setting<>(key, kind, null, doc, false, false, engine);
  }

  /** A start-up setting without a default that may be left out (its value is then null). */
  public static <T> Setting<T> optional(String key, SettingKind<T> kind, Engine engine, String doc) {
    return new Setting<>(key, kind, null, doc, false, false, engine, true);
  }

  /** The same setting, its value masked wherever settings are printed or logged. */
  public Setting<T> secret() {
    return new Setting<>(key, kind, defaultText, doc, runtime, true, engine, optional);
  }

  public String key() {
    return key;
  }

  public SettingKind<T> kind() {
    return kind;
  }

  /** The default as text, or null when the setting is required. */
  public String defaultText() {
    return defaultText;
  }

  public boolean hasDefault() {
    return defaultText != null;
  }

  /** Neither a default nor required: absent means "not set". */
  public boolean isOptional() {
    return optional;
  }

  public T defaultValue() {
    return defaultText == null ? null : kind.parse(defaultText);
  }

  public String doc() {
    return doc;
  }

  public boolean isRuntime() {
    return runtime;
  }

  public boolean isSecret() {
    return secret;
  }

  public Engine engine() {
    return engine;
  }

  public boolean readBy(Engine reader) {
    return engine == Engine.BOTH || reader == Engine.BOTH || engine == reader;
  }

  /** The parsed value, or an {@link InvalidSettingException} naming this key, the value and the reason. */
  public T parse(String text) {
    if (text == null) {
      throw new InvalidSettingException(key, null, "no value");
    }
    try {
      return kind.parse(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException(key, secret ? Masking.MASK : text, e.getMessage());
    }
  }

  /** The variable that sets this key: CARTPULSE_ + the key upper-cased, '.' and '-' as '_'. */
  public String envName() {
    return EnvNames.of(key);
  }

  @Override
  public String toString() {
    return key;
  }
}
