using Phantom.Streams.Agents;
using Phantom.Streams.Events;

namespace Phantom.Streams.Sessions;

/// <summary>
/// Everything a <see cref="SessionEntity"/> folds its events into, as one struct so that a shard's
/// <see cref="SessionStateSlab"/> can hold the states of all its live sessions in a few large arrays. Only the rare
/// spill arrays of the small tallies are references; everything else is plain numbers.
/// A mutable struct only ever used in place (by reference), never copied, except when an entity leaves its slab.
/// </summary>
internal struct SessionState
{
    public TransitionTally Kernel;
    public BoundedUniqueSet Pages;
    public ProductTally Products;

    // Gaps between consecutive events, ms: Welford running mean and sum of squared deviations, and the minimum.
    public double GapMean;
    public double GapM2;
    public long MinGapMs;
    public long DurationMs;

    // Clock-aligned velocity windows: the current window's index and events in it, and the most in any window.
    public long VelocityWindow;
    public int WindowEvents;
    public int MaxWindowEvents;

    public int PageViews;
    public int ItemViews;
    public int CartAdds;
    public int Purchases;
    public int HoverEvents;
    public double Demand;

    public double PriceSum;
    public double PriceMin;
    public double PriceMax;
    public int PriceCount;

    public long Sequence;
    public long LastEventMs;
    public GroundTruth Truth;
    public StoreMode Mode;
    public UserAgentFlags UserAgent;
    public byte StartHour;
    public bool Completed;
}
