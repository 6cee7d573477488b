package io.rtmpt.webapp.access;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * The access rules of one application (or the defaults every application without its own rules
 * follows).
 *
 * @param publish who may publish
 * @param play who may play
 * @param publishAddresses which client addresses may publish (checked first, whatever the mode)
 * @param playAddresses which client addresses may play
 * @param tokenSecrets the secrets a token may be signed with, the current one first (mode TOKEN);
 *     empty when none is set
 * @param onConnect nginx-rtmp's {@code on_connect}: called for every connect to the application, or
 *     null
 * @param onPublish {@code on_publish}, which decides publishes in mode CALLBACK, or null
 * @param onPlay {@code on_play}, which decides plays in mode CALLBACK, or null
 * @param onDone {@code on_done}: told when a publish or play ends, or null
 * @param onRecordDone {@code on_record_done}: told when a recording file of the application is
 *     closed (and again when its MP4 copy is complete), or null
 */
public record AppPolicy(
    AccessMode publish,
    AccessMode play,
    AddressRules publishAddresses,
    AddressRules playAddresses,
    List<String> tokenSecrets,
    URI onConnect,
    URI onPublish,
    URI onPlay,
    URI onDone,
    URI onRecordDone) {

  /** Anyone may publish and play; nothing is called. */
  public static final AppPolicy OPEN =
      new AppPolicy(
          AccessMode.OPEN,
          AccessMode.OPEN,
          AddressRules.ANY,
          AddressRules.ANY,
          List.of(),
          null,
          null,
          null,
          null,
          null);

  public AppPolicy {
    Objects.requireNonNull(publish, "publish");
    Objects.requireNonNull(play, "play");
    Objects.requireNonNull(publishAddresses, "publishAddresses");
    Objects.requireNonNull(playAddresses, "playAddresses");
    tokenSecrets = List.copyOf(tokenSecrets);
  }

  /** The mode for publish ({@code publish} true) or play. */
  AccessMode mode(boolean forPublish) {
    return forPublish ? publish : play;
  }

  /** The address rules for publish or play. */
  AddressRules addresses(boolean forPublish) {
    return forPublish ? publishAddresses : playAddresses;
  }

  /** The deciding callback for publish or play. */
  URI callback(boolean forPublish) {
    return forPublish ? onPublish : onPlay;
  }

  /** Anyone from anywhere may publish: what the console and the banner warn about. */
  public boolean publishIsOpen() {
    return publish == AccessMode.OPEN && publishAddresses.isAny();
  }
}
