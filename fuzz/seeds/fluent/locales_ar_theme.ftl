# Shown when the files of the search index cannot be read
# dilmanc-source: a0bbec24a48a2ed3
search-error = البحث لا يعمل حاليًا. حاول مرة أخرى بعد قليل، أو تصفح أقسام الموقع أدناه.
