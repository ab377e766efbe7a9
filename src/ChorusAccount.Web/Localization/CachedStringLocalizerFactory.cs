using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Localization;

namespace ChorusAccount.Web.Localization;

/// <summary>
/// The UI texts read from their resources once per language, then from memory. ResourceManager walks the culture chain
/// (fr-FR, fr, the neutral resources) under its locks at every lookup, and a page looks up a few hundred texts: that
/// walk was about a fifteenth of « Mon compte » (docs/PERFORMANCE.md). The texts are the resources' own; nothing else
/// is kept.
/// </summary>
public sealed class CachedStringLocalizerFactory(ResourceManagerStringLocalizerFactory resources) : IStringLocalizerFactory
{
    private readonly ConcurrentDictionary<(Type, string?, string?), IStringLocalizer> _localizers = new();

    public IStringLocalizer Create(Type resourceSource) =>
        _localizers.GetOrAdd((resourceSource, null, null), _ => new CachedStringLocalizer(resources.Create(resourceSource)));

    public IStringLocalizer Create(string baseName, string location) =>
        _localizers.GetOrAdd((typeof(void), baseName, location), _ => new CachedStringLocalizer(resources.Create(baseName, location)));

    private sealed class CachedStringLocalizer(IStringLocalizer resources) : IStringLocalizer
    {
        private readonly ConcurrentDictionary<(string Culture, string Name), LocalizedString> _texts = new();

        public LocalizedString this[string name] =>
            _texts.GetOrAdd((CultureInfo.CurrentUICulture.Name, name), key => resources[key.Name]);

        // As ResourceManagerStringLocalizer formats: the current culture, the name itself when the text is missing.
        public LocalizedString this[string name, params object[] arguments]
        {
            get
            {
                var text = this[name];
                return new LocalizedString(name, string.Format(CultureInfo.CurrentCulture, text.Value, arguments), text.ResourceNotFound, text.SearchedLocation);
            }
        }

        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => resources.GetAllStrings(includeParentCultures);
    }
}
