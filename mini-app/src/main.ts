import { createApp } from 'vue';
import App from './App.vue';
import './vant-styles.js';
import './sidebar.css';

createApp(App).mount('#app');
