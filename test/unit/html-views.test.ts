import { describe, expect, it } from 'vitest';
import { attrs, html, raw, toHtmlString } from '../../src/http/views/html.js';
import { pageLayout } from '../../src/http/views/layout.js';

const hostile = `"><script>alert('x')</script>&`;

describe('the html template', () => {
  it('when text is interpolated, then it is escaped, in content and in attributes', () => {
    expect(toHtmlString(html`<p title="${hostile}">${hostile}</p>`)).toBe(
      '<p title="&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;">&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;</p>',
    );
  });

  it('when markup built by html, lists, numbers and nothing are interpolated, then markup stays, lists join, nothing renders nothing', () => {
    const items = ['a<b', 'c'].map((item) => html`<li>${item}</li>`);
    expect(toHtmlString(html`<ul>${items}</ul>${0}${false}${null}${undefined}${['<', html`<br>`]}`)).toBe('<ul><li>a&lt;b</li><li>c</li></ul>0&lt;<br>');
  });

  it('when optional attributes are given, then absent and false ones are left out and values are escaped', () => {
    expect(toHtmlString(html`<input${attrs({ checked: true, disabled: false, lang: undefined, value: hostile })}>`)).toBe(
      '<input checked value="&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;">',
    );
    expect(toHtmlString(raw('<hr>'))).toBe('<hr>');
  });
});

describe('the shared layout', () => {
  const page = (language: 'fr' | 'en') =>
    toHtmlString(pageLayout({ language, pageUrl: 'https://mobicred.example/verify?x=1', title: hostile, body: html`<h1>${hostile}</h1>`, languages: ['fr', 'en'] }));

  it('when a page is laid out, then it names its language, escapes its title, links its stylesheet by digest and has no inline style or script', () => {
    const markup = page('fr');
    expect(markup).toMatch(/^<!doctype html>\n<html lang="fr">/);
    expect(markup).toContain('<title>&quot;&gt;&lt;script&gt;');
    expect(markup).toMatch(/<link rel="stylesheet" href="\/assets\/mobicred\.css\?v=[\w-]{12}">/);
    expect(markup).not.toMatch(/<style|<script(?! src)| style=| on\w+=/);
  });

  it('when a page offers two languages, then the switcher links each, marks the current one, and speaks the page language', () => {
    const markup = page('en');
    expect(markup).toContain('<nav aria-label="Language">');
    expect(markup).toContain('<a href="/verify?x=1&amp;lang=fr" hreflang="fr" lang="fr">Français</a>');
    expect(markup).toContain('<a href="/verify?x=1&amp;lang=en" hreflang="en" lang="en" aria-current="true">English</a>');
    expect(markup).not.toContain('Deutsch');
    expect(page('fr')).toContain('<nav aria-label="Langue">');
  });
});
