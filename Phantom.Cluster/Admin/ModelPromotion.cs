using System.Globalization;
using Microsoft.AspNetCore.Http;
using Phantom.Streams.Hosting;
using Phantom.Streams.Models;
using Phantom.Training.Registry;

namespace Phantom.Cluster.Admin;

/// <summary>
/// <c>POST /admin/models/promote</c>: promotes a registry artifact (<see cref="ModelRegistry.Promote"/>, the same
/// checks as <c>phantom models promote</c>) and reloads the node's served models at once (the <c>/models/reload</c>
/// path), instead of waiting for the promotion watch. Also lists the registry for <c>GET /models</c>.
/// </summary>
public static class ModelPromotion
{
    /// <summary>Promotes <paramref name="name"/> (at <paramref name="version"/>, a hash prefix, when given) and reloads.</summary>
    /// <exception cref="AdminException">422 bad kind or a kind mismatch, 404 unknown model or version, 409 refused by the registry or the reload.</exception>
    public static Dictionary<string, object?> Promote(PhantomRuntime runtime, string? kind, string? name, string? version)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new AdminException(StatusCodes.Status422UnprocessableEntity, "body: \"name\" is required");
        }

        ModelKind? wanted = null;
        if (!string.IsNullOrWhiteSpace(kind))
        {
            try
            {
                wanted = ModelKindNames.Parse(kind);
            }
            catch (ModelRegistryException error)
            {
                throw new AdminException(StatusCodes.Status422UnprocessableEntity, $"kind: {error.Message}");
            }
        }

        var registry = new ModelRegistry(runtime.Options.Models.Directory);
        RegistryEntry entry;
        try
        {
            entry = registry.Show(string.IsNullOrWhiteSpace(version) ? name : $"{name}@{version}");
        }
        catch (ModelRegistryException error)
        {
            throw new AdminException(StatusCodes.Status404NotFound, error.Message);
        }

        if (wanted is { } k && k != entry.Kind)
        {
            throw new AdminException(StatusCodes.Status422UnprocessableEntity, $"{entry.Reference} is a {entry.Kind.ToWire()} model, not {k.ToWire()}");
        }

        PromotionRecord record;
        try
        {
            record = registry.Promote($"{entry.Name}@{entry.Hash}");
        }
        catch (ModelRegistryException error)
        {
            throw new AdminException(StatusCodes.Status409Conflict, error.Message);
        }

        var reload = runtime.ReloadModels();
        var body = new Dictionary<string, object?>
        {
            ["promoted"] = new Dictionary<string, object?>
            {
                ["kind"] = entry.Kind.ToWire(),
                ["name"] = record.Name,
                ["version"] = entry.ShortHash,
                ["hash"] = record.Hash,
                ["promoted_at"] = record.PromotedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            },
            ["reload"] = new Dictionary<string, object?>
            {
                ["outcome"] = reload.Outcome.ToString().ToLowerInvariant(),
                ["message"] = reload.Message,
            },
            ["kernels"] = runtime.Models.Served.Kernels?.Reference ?? "configured",
            ["detector"] = runtime.Models.Served.Detector?.Reference ?? "hand-set",
        };
        if (reload.Outcome == ModelReloadOutcome.Refused)
        {
            throw new AdminPayloadException(StatusCodes.Status409Conflict, $"promoted {entry.Reference}, but the node refused to load it: {reload.Message}", body);
        }

        return body;
    }

    /// <summary>The registry's artifacts with their promotion state (the <c>models</c> field of <c>GET /models</c>).</summary>
    public static IReadOnlyList<Dictionary<string, object?>> List(string directory)
    {
        try
        {
            var registry = new ModelRegistry(directory);
            var promoted = Enum.GetValues<ModelKind>().ToDictionary(k => k, registry.Promoted);
            return registry.List().Select(e => new Dictionary<string, object?>
            {
                ["name"] = e.Name,
                ["version"] = e.ShortHash,
                ["kind"] = e.Kind.ToWire(),
                ["algorithm"] = e.Manifest.Algorithm,
                ["created"] = e.Manifest.Created.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
                ["promoted"] = promoted[e.Kind].Current is { } current && current.Name == e.Name && current.Hash == e.Hash,
            }).ToArray();
        }
        catch (Exception error) when (error is ModelRegistryException or IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
