"""Extraction: one article's text in, a :class:`kg.model.ArticleResult` out.

The stages, in the order the text flows: ``normalize`` (decode, clean, Traditional ->
Simplified for matching), ``segment`` (jieba in a blank spaCy pipeline), ``gazetteer`` and
``entities`` (mentions), ``amounts`` (money and quantities), ``template`` and ``literals``
(sentences as placeholder templates, rule prefilters), ``relations`` (deals) and ``facts``;
``pipeline`` runs them, ``stream`` handles articles too large for one pass, ``parallel``
runs files in worker processes.
"""
