// Vant components are imported on demand (tree-shaken ESM) and their CSS is listed here once.
// The component CSS is imported directly rather than through `<component>/style`, which would also
// pull in the icon font (≈30 KB gzipped, inlined): the sidebar uses no Vant icons.
import 'vant/es/style/base.css';
import 'vant/es/badge/index.css';
import 'vant/es/loading/index.css';
import 'vant/es/overlay/index.css';
import 'vant/es/popup/index.css';
import 'vant/es/button/index.css';
import 'vant/es/cell/index.css';
import 'vant/es/cell-group/index.css';
import 'vant/es/field/index.css';
import 'vant/es/list/index.css';
import 'vant/es/sticky/index.css';
import 'vant/es/swipe/index.css';
import 'vant/es/swipe-item/index.css';
import 'vant/es/tabs/index.css';
import 'vant/es/tab/index.css';
import 'vant/es/tag/index.css';
import 'vant/es/toast/index.css';
import 'vant/es/dialog/index.css';
