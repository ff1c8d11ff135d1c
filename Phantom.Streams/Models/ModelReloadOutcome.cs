namespace Phantom.Streams.Models;

/// <summary>How a model reload ended.</summary>
public enum ModelReloadOutcome
{
    /// <summary>A new session model was built from the promoted artifacts and swapped into every shard.</summary>
    Loaded,

    /// <summary>The promotions equal what is served (or what was already refused); nothing changed.</summary>
    Unchanged,

    /// <summary>A promoted artifact failed to load or validate; the current model keeps serving.</summary>
    Refused,
}
