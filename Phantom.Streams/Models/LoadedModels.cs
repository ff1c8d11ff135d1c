using Phantom.Streams.Agents;

namespace Phantom.Streams.Models;

/// <summary>The live models of a <see cref="PromotedState"/>, loaded and validated; null parts mean the configured defaults.</summary>
public sealed record LoadedModels(PromotedState State, KernelSet? Kernels, ISessionScorer? Detector);
