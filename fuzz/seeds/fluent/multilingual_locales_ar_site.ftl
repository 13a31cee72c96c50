site-title = وكالة الاختبار
