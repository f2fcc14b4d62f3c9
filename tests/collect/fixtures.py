"""Arabic fixtures for the collection tests: article pages, RSS feeds and sitemaps, written here."""

from __future__ import annotations

from xml.sax.saxutils import escape

PARAGRAPHS = [
    "أعلنت وزارة الصحة المغربية اليوم عن إطلاق حملة وطنية للتلقيح ضد الحصبة تستهدف الأطفال في المناطق القروية",
    "وقال المسؤول عن الحملة إن الفرق الطبية ستزور أكثر من ثلاثمئة جماعة قروية خلال الأسابيع المقبلة",
    "وأضاف أن الوزارة خصصت ميزانية إضافية لتوفير اللقاحات ونقلها إلى المناطق الجبلية البعيدة عن المدن",
    "ودعت الوزارة الأسر إلى التعاون مع الفرق الطبية وتسجيل أطفالها في المراكز الصحية القريبة من سكنها",
]
TOPICS = [
    "الرباط",
    "طنجة",
    "فاس",
    "مراكش",
    "أكادير",
    "وجدة",
    "تطوان",
    "مكناس",
    "القنيطرة",
    "الجديدة",
    "الناظور",
    "آسفي",
]


def article_text(number: int) -> list[str]:
    """Distinct paragraphs for article ``number`` (distinct enough not to be copies of each other)."""
    place = TOPICS[number % len(TOPICS)]
    return [f"{place} - الخبر رقم {number}: {PARAGRAPHS[0]} في مدينة {place} ومحيطها"] + [
        f"{p} حسب بيان رقم {number * 7 + i} صدر في {place}" for i, p in enumerate(PARAGRAPHS[1:])
    ]


def article_page(
    title: str,
    paragraphs: list[str],
    canonical: str | None = None,
    date: str = "2024-03-14",
    extra_head: str = "",
) -> str:
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    body = "".join(f"<p>{escape(p)}.</p>" for p in paragraphs)
    return (
        f'<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f'{link}<meta property="article:published_time" content="{date}T09:00:00+00:00">{extra_head}</head>'
        f'<body><nav><a href="/">الرئيسية</a> <a href="/sport">رياضة</a></nav><article><h1>{escape(title)}</h1>'
        f"{body}</article><footer>جميع الحقوق محفوظة</footer></body></html>"
    )


def rss(items: list[dict[str, str]], title: str = "أخبار المغرب", encoding: str = "utf-8") -> str:
    entries = []
    for item in items:
        parts = [f"<title>{escape(item['title'])}</title>"]
        if item.get("link"):
            parts.append(f"<link>{escape(item['link'])}</link>")
        if item.get("description"):
            parts.append(f"<description>{escape(item['description'])}</description>")
        if item.get("pubDate"):
            parts.append(f"<pubDate>{escape(item['pubDate'])}</pubDate>")
        entries.append("<item>" + "".join(parts) + "</item>")
    return (
        f'<?xml version="1.0" encoding="{encoding}"?><rss version="2.0"><channel><title>{escape(title)}</title>'
        f"<link>http://example.invalid/</link>{''.join(entries)}</channel></rss>"
    )


def news_sitemap(entries: list[tuple[str, str, str]]) -> str:
    """(URL, title, publication date) triples as a Google News sitemap."""
    urls = "".join(
        f"<url><loc>{escape(u)}</loc><news:news><news:publication><news:name>هسبريس</news:name>"
        f"<news:language>ar</news:language></news:publication><news:publication_date>{d}</news:publication_date>"
        f"<news:title>{escape(t)}</news:title></news:news></url>"
        for u, t, d in entries
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{urls}</urlset>'
    )


def sitemap_index(children: list[str]) -> str:
    body = "".join(f"<sitemap><loc>{escape(c)}</loc></sitemap>" for c in children)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{body}</sitemapindex>'
    )
