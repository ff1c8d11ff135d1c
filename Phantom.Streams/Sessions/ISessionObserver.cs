namespace Phantom.Streams.Sessions;

/// <summary>
/// Receives each session's final state when its entity leaves memory (passivation or drain), e.g. the demo summary that
/// scores detection (AUC) from final f(τ) and detector scores. Called on shard threads, several at once: implementations
/// must be thread-safe. The entity is completed and no longer mutated once handed over, so it may be kept.
/// </summary>
public interface ISessionObserver
{
    void OnPassivated(SessionEntity session);
}
