using Phantom.Streams.Agents;
using Phantom.Streams.Configuration;
using Phantom.Streams.Demand;
using Phantom.Streams.Events;

namespace Phantom.Streams.Sessions;

/// <summary>
/// What every session entity computes with, shared and immutable: the reference kernels, the live detector, the demand
/// weights ω by event name and the session options. A model reload builds a new instance and swaps it in as a whole
/// (<see cref="SessionTable.Model"/>); entities rebind to it on their next event.
/// </summary>
public sealed class SessionModel
{
    private readonly double[] _demandWeights = new double[EventNames.StateCount];

    public SessionModel(SessionOptions session, AgentOptions agent, DemandOptions demand)
        : this(session, agent, demand, agent?.HumanKernel()!, agent?.AgentKernel()!)
    {
    }

    /// <summary>A model with explicit reference kernels (trained ones, once promoted) and the hand-set detector.</summary>
    /// <exception cref="ArgumentException">Options out of range (non-positive timeout, window or temperature; prior outside (0, 1)).</exception>
    public SessionModel(SessionOptions session, AgentOptions agent, DemandOptions demand, TransitionKernel human, TransitionKernel agentKernel)
        : this(session, agent, demand, human, agentKernel, null)
    {
    }

    /// <summary>
    /// A model with explicit reference kernels and detector (a trained one, once promoted); a null detector means the
    /// hand-set <see cref="LiveDetector"/> of <paramref name="agent"/>.
    /// </summary>
    /// <exception cref="ArgumentException">Options out of range (non-positive timeout, window or temperature; prior outside (0, 1)).</exception>
    public SessionModel(
        SessionOptions session, AgentOptions agent, DemandOptions demand, TransitionKernel human, TransitionKernel agentKernel, ISessionScorer? detector)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(demand);
        ArgumentNullException.ThrowIfNull(human);
        ArgumentNullException.ThrowIfNull(agentKernel);
        if (session.Timeout <= TimeSpan.Zero || session.VelocityWindow <= TimeSpan.Zero || session.PassivateIdleAfter <= TimeSpan.Zero)
        {
            throw new ArgumentException("phantom.session: timeout, velocity-window and passivate-idle-after must be positive");
        }

        if (session.MaxTrackedUniques is < 1 or > 4096)
        {
            throw new ArgumentException("phantom.session.max-tracked-uniques must be in 1..4096");
        }

        if (!(agent.Temperature > 0) || !(agent.Prior > 0 && agent.Prior < 1))
        {
            throw new ArgumentException("phantom.agent: temperature must be > 0 and prior in (0, 1)");
        }

        Session = session;
        Human = human;
        Agent = agentKernel;
        Temperature = agent.Temperature;
        Prior = agent.Prior;
        Detector = detector ?? new LiveDetector(agent);
        TimeoutMs = (long)session.Timeout.TotalMilliseconds;
        VelocityWindowMs = (long)session.VelocityWindow.TotalMilliseconds;
        PassivateIdleAfterMs = (long)session.PassivateIdleAfter.TotalMilliseconds;
        MaxTrackedUniques = session.MaxTrackedUniques;
        for (var i = 0; i < EventNames.StateCount; i++)
        {
            var name = ((EventName)i).ToWire();
            _demandWeights[i] = demand.Weights.TryGetValue(name, out var w) ? w : demand.DefaultWeight;
        }
    }

    /// <summary>The model of a whole configuration.</summary>
    public static SessionModel From(PhantomOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new SessionModel(options.Session, options.Agent, options.Demand);
    }

    public SessionOptions Session { get; }

    public TransitionKernel Human { get; }

    public TransitionKernel Agent { get; }

    public double Temperature { get; }

    public double Prior { get; }

    /// <summary>The live detector: the hand-set one, or a promoted trained detector.</summary>
    public ISessionScorer Detector { get; }

    public long TimeoutMs { get; }

    public long VelocityWindowMs { get; }

    public long PassivateIdleAfterMs { get; }

    public int MaxTrackedUniques { get; }

    /// <summary>ω(event): the demand weight of an event name (PHANTOM-MODEL.md section 1).</summary>
    public double DemandWeight(EventName name) => _demandWeights[(int)name];
}
