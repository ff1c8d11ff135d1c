using System.Text.Json;

namespace Phantom.Cluster.Ctl;

/// <summary>A successful answer of the admin API: the body as sent (what <c>--json</c> prints) and parsed.</summary>
public sealed record CtlReply(string Raw, JsonElement Json);
